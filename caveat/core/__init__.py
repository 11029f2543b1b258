"""The ground floor: data models, settings, errors and paths. Imports nothing else of the project."""
