# One image for every part; the command chooses which (`mskpeer run --service cases`).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DATA_DIR=/var/lib/mskpeer
WORKDIR /app
COPY pyproject.toml README.md ./
COPY contracts contracts
COPY mskpeer mskpeer
COPY services services
COPY gateway gateway
RUN pip install --no-cache-dir . && useradd --system --home /var/lib/mskpeer mskpeer \
    && mkdir -p /var/lib/mskpeer && chown mskpeer /var/lib/mskpeer
USER mskpeer
EXPOSE 8000
CMD ["mskpeer", "run"]
