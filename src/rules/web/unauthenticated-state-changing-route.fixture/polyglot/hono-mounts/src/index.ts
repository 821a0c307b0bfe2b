import { Hono } from 'hono';
import { devices } from './devices';
import { notes } from './notes';

const app = new Hono();
app.route('/v1/devices', devices);
app.route('/devices', devices);
app.route('/notes', notes);
export default app;
