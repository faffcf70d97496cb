export const SERVICE_ROUTES = Symbol('SERVICE_ROUTES');
