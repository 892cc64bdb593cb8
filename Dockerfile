# One image for every part; the command chooses which (`mskpeer run --service cases`).

# The web app's front end (the NHS.UK design system), built as `make web` builds it.
FROM node:20-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=optional --ignore-scripts
COPY web/styles styles
COPY web/scripts scripts
RUN npm run build

FROM python:3.11-slim
# pg_dump and pg_restore for `mskpeer backup` / `restore` (PostgreSQL 15, as the cluster runs).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DATA_DIR=/var/lib/mskpeer
WORKDIR /app
COPY pyproject.toml README.md ./
COPY contracts contracts
COPY mskpeer mskpeer
COPY services services
COPY gateway gateway
COPY content content
COPY --from=web /web/static web/static
# Editable: the gateway serves web/static/ from beside its own source, as in a checkout.
RUN pip install --no-cache-dir -e . && useradd --system --home /var/lib/mskpeer mskpeer \
    && mkdir -p /var/lib/mskpeer && chown mskpeer /var/lib/mskpeer
USER mskpeer
EXPOSE 8000
CMD ["mskpeer", "run"]
