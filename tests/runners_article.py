"""A short invented article (written for claimcheck's tests) with a two-entry reference list."""

RUNNERS_ARTICLE = """\
Knee pain in older runners: an invented article for claimcheck's robustness tests

A trial of 120 runners found that 42% reported less pain after six months [1].
Another group of 37 volunteers saw no change in a 2019 study [2].

References

1. Smith J, Doe A. A made-up trial of knee pain in runners. J Invented Knees. 2019;3:1-9. PMID: 31000001
2. Roe B. Another invented study of volunteers. J Invented Knees. 2020;4:10-19.
"""
