"""Stage 3: cleaned Article -> ArticleFacts, with spaCy plus rules kept as data."""
