"""Infrastructure: files, signals, threads and logging around the service layer.

jsonlines  size-capped JSON-lines files
gaps       the unanswered-questions log and its grouping for maintainers
reportlog  the wrong-fact report log
reload     live knowledge: the served engine, swapped whole on a valid change
lifecycle  signals, the knowledge watcher and a clean shutdown, for every runner
runtime    what every long-running front end builds at start
logsetup   logging configured once in main()
"""
