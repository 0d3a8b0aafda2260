"""Emulated products, one module each; every module here is imported by registry.load_services()."""
