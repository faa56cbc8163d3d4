"""The suites behind `scheduler bench`, the Curtois reader, synthetic teams."""
