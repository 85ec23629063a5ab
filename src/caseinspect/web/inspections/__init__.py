"""Regions, inspections, cases, assessments and their results."""
