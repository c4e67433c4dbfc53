# The app image, for web (`perspectief serve`, the default) and worker (`perspectief
# worker`) containers alike. PostgreSQL runs as its own service (see docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 \
    PERSPECTIEF_HOST=0.0.0.0 PERSPECTIEF_PORT=8000 PERSPECTIEF_DATA_DIR=/data
WORKDIR /app
# torch first, so the project's range is already met. Pass TORCH_PIP_ARGS (for example an
# --index-url of a CPU wheel index) to avoid the multi-GB CUDA build.
ARG TORCH_PIP_ARGS=""
RUN pip install --no-cache-dir torch==2.13.0 ${TORCH_PIP_ARGS}
COPY pyproject.toml README.md ./
COPY matcher ./matcher
COPY web ./web
COPY migrations ./migrations
RUN pip install --no-cache-dir . && useradd --create-home app && mkdir -p /data && chown app /data
USER app
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["perspectief", "serve"]
