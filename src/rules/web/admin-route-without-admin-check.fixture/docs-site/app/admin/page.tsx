import { readFile } from 'node:fs/promises';
import Reference from '../reference';

// The reference of the admin API: a docs page whose path happens to say admin.
const AdminPage = async () => {
  const spec = await loadSpec('admin');
  return <Reference title="Admin API reference" spec={spec} />;
};

async function loadSpec(area: string) {
  return JSON.parse(await readFile(`specs/${area}.json`, 'utf8'));
}

// ok: admin-route-without-admin-check
export default AdminPage;
