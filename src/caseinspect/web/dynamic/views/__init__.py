"""The dynamic inspection's pages. Each authorises its request (``dynamic/access.py``) and
hands every change to one service function (``dynamic/services.py``)."""
