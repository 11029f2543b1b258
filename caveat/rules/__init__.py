"""The rules: one module per check id of the checklist, and the registry that runs them in order."""
