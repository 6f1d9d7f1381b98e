# santong — one image for `santong run`, `santong worker …` and `santong demo`.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SANTONG_HOME=/var/lib/santong
RUN useradd --system --home-dir /var/lib/santong --create-home santong
WORKDIR /opt/santong
COPY pyproject.toml README.md ./
COPY santong ./santong
COPY hub ./hub
COPY queues ./queues
COPY adapters ./adapters
COPY mappings ./mappings
COPY signatures ./signatures
COPY replay ./replay
COPY config ./config
RUN pip install --no-cache-dir . && chmod 0700 /var/lib/santong
USER santong
VOLUME ["/var/lib/santong"]
EXPOSE 8080
ENTRYPOINT ["santong"]
CMD ["run"]
