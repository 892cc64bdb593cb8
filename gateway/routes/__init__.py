"""The gateway's JSON API, a module per part of the product, each adding its routes to `API`.

Importing this package declares every route; GatewayService serves them (`API.serve`).
"""

from gateway.router import API
from gateway.routes import (  # noqa: F401  (each module adds its routes to API)
    account,
    cases,
    conferences,
    directory,
    minutes,
    notifications,
    operations,
    outcomes,
    referrals,
    reports,
    rota,
    series,
    staff,
)

ROUTES = API.routes
