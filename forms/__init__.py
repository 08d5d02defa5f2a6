"""Form definitions (data only): one YAML file per form plus style.yaml."""
