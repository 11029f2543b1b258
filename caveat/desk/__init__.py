"""The page's logic that is not drawing (inputs to a review, the demo, settings) and the review store."""
