"""Platform services: public-schema apps that know nothing of clients' data and import only
``core`` (the feature catalogue, the throttling counters). A layer of their own, below
identity and tenancy (docs/architecture.md)."""
