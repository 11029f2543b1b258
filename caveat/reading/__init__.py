"""Input: what the editor uploads (text, Markdown, a web page, Word, PDF), turned into the article's plain text."""
