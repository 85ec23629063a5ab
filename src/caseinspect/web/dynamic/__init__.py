"""The dynamic inspection of public protection (seed 004): an evidence log per regional
question, findings with a classification and follow-up priority, the case indicators linked to
each question, the self-assessment comparison, the regional diagnosis and the follow-up plan."""
