"""claimcheck: verify what an article says about the research it cites, against PubMed."""

__version__ = "0.1.0"
