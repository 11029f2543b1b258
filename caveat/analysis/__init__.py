"""Reading the article and the paper: sentences with offsets, the study profile, claim language, alignment."""
