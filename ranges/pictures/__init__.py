"""Static pictures: the finished map of a scenario's rings and the chart of people in range.

``ringmap`` draws the map (:func:`ranges.pictures.ringmap.rings_picture`), ``chart`` the chart
of people and places reached as the range grows, ``frame`` chooses the projection and extent,
``figure`` holds what every picture shares (fonts, style, checked titles, saving). matplotlib is
imported only when a picture is made.
"""
