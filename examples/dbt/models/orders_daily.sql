-- Completed orders per day: how many, and the revenue they brought.
select
    cast(order_ts as date)   as order_date,
    count(*)                 as completed_orders,
    sum(amount)              as revenue
from {{ ref('raw_orders') }}
where status = 'completed'
group by cast(order_ts as date)
