"""What leaves the app as a document: the council brief, the study report, the service profile, and
their Word and PDF writers."""
