"""What a claim can assert, in one vocabulary that extraction and the checkers share.

The ground floor of the package: it imports nothing from the stages, so the extractor that finds
"one thousand sixty-nine knees" and the checker that compares it with "1069 knees" read it alike.
"""
