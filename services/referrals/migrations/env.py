from alembic import context

from mskpeer.platform.migrate import run_env

run_env(context)
