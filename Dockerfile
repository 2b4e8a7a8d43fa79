# Accords Bot in a container: the wheel built from this checkout (the fact base ships inside
# it), installed with the Discord and Slack extras into a slim Python, run as a plain user.
#
#   docker build -t accords-bot .
#   docker run --rm -e DISCORD_TOKEN=... -e STATE_URL=redis://HOST:6379/0 accords-bot
#
# compose.yaml runs it beside Redis; docs/docker.md explains both. The state store must not be
# the default SQLite file here: a container's disk is lost on every restart (see the guides).

FROM python:3.12-slim AS build
WORKDIR /src
RUN pip install --no-cache-dir build==1.2.2.post1
COPY pyproject.toml README.md MANIFEST.in ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
# The wheel, whatever its version, into a virtualenv the final stage copies whole.
RUN python -m build --wheel --outdir /dist . \
    && python -m venv /opt/accords \
    && wheel="$(find /dist -name 'accords_bot-*.whl')" \
    && /opt/accords/bin/pip install --no-cache-dir "${wheel}[discord,slack]"

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/accords/bin:$PATH \
    LOG_FORMAT=json \
    PORT=3000
RUN useradd --create-home --uid 10001 accords
COPY --from=build /opt/accords /opt/accords
USER 10001
WORKDIR /home/accords
# 3000: Slack over HTTP (`accords-bot slack --http`); 9464: metrics when METRICS_PORT=9464.
EXPOSE 3000 9464
# `run` starts the platform whose token is set: DISCORD_TOKEN, else SLACK_BOT_TOKEN.
CMD ["accords-bot", "run"]
