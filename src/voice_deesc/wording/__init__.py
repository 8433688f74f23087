"""What a reply said: the wording rubric of domain.md, found in the transcript with exact spans."""
