"""Thin Discord and Slack front ends: translate payloads in, render `Answer`s out."""
