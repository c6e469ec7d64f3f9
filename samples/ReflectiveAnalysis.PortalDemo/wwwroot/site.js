// Keeps the widget's route in step with the route picker.
document.addEventListener('DOMContentLoaded', function () {
  var route = document.getElementById('route');
  var widget = document.getElementById('widget');
  route.addEventListener('change', function () {
    widget.setAttribute('route', route.value);
    widget.analyze();
  });
});
