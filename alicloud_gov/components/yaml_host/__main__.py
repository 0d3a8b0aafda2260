"""Entry point the Python language host runs for this plugin folder: serve the components over gRPC."""

from alicloud_gov.components.yaml_host import serve

if __name__ == "__main__":
    serve()
