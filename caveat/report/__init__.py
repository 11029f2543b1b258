"""From a review to its exports: one content model and one writer per format."""
