/** Tables owned by the shipments module (parcels, tracking events, pickup codes). */
export interface ShipmentsTables {}
