"""The stages a record travels through: ingest, normalize, deliver (with its receipt follower)."""
