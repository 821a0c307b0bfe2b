import { PrismaClient } from '@prisma/client';
import UserTable from '../user-table';

const prisma = new PrismaClient();

const AdminPage = async () => {
  const users = await prisma.user.findMany();
  return <UserTable users={users} />;
};

// ruleid: admin-route-without-admin-check
export default AdminPage;
