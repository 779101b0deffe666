"""The risk picture: indicators and the weighted index, response times over land, and the regulation's
rules checked per service."""
