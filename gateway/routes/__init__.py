"""The gateway's routes, a module per part of the product; GatewayService mixes them in."""
