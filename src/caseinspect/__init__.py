"""caseinspect: inspecting the quality of probation case supervision."""

__version__ = "0.1.0"
