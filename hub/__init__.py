"""The runtime: configuration, wiring, stages, command line, HTTP app, logging."""
