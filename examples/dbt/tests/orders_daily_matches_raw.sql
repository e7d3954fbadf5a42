-- The daily model accounts for every completed raw order and all of its revenue: returns a row if not.
with raw as (
    select count(*) as n, sum(amount) as revenue from {{ ref('raw_orders') }} where status = 'completed'
), daily as (
    select sum(completed_orders) as n, sum(revenue) as revenue from {{ ref('orders_daily') }}
)
select raw.n, daily.n, raw.revenue, daily.revenue
from raw cross join daily
where raw.n <> daily.n or raw.revenue <> daily.revenue
