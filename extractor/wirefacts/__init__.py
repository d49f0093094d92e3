"""wirefacts: raw news-wire articles in, clean structured deduplicated facts out."""

__version__ = "0.1.0"
