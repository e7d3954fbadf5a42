{% test positive(model, column_name) %}
-- Fails with the rows whose value is not strictly positive.
select *
from {{ model }}
where {{ column_name }} <= 0
{% endtest %}
