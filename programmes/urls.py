from . import views_emergencies, views_requests, views_stock

app_name = "programmes"

urlpatterns = [
    *views_requests.urlpatterns,
    *views_stock.urlpatterns,
    *views_emergencies.urlpatterns,
]
