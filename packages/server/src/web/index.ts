export type { DashboardOptions } from './dashboardPlugin.js';
export { DASHBOARD_PATH, dashboardPlugin, findDashboardRoot } from './dashboardPlugin.js';
