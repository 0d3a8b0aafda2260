"""A local, wire-compatible Alibaba Cloud for tests, demos and offline development.

One process serves RAM, STS, ResourceManager, ExpressConnectRouter and VPC on 127.0.0.1 to the
official SDKs, with real signatures (``auth``), RAM authorisation by the project's evaluator
(``authz``), injectable faults (``faults``) and SQLite state (``store``). ``server`` is the HTTP
front end, ``registry`` the handler framework (its docstring explains how a product registers APIs),
``services/`` one module per product, ``testing.start_emulator`` runs one inside a test.
See docs/emulator.md.
"""
