from . import (
    ir_websocket,
    pickup_code,
    pickup_counter,
    pickup_entitlement,
    pickup_handover,
    pickup_slot,
    product_template,
    sale_order,
    stock_warehouse,
)
