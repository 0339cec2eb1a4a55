// /admin — the instance administrator's screen: everyone, invitations, and inviting.
import { Link } from 'react-router-dom';
import { useMe } from '../api/hooks.ts';
import { InvitationList } from './InvitationList.tsx';
import { InviteForm } from './InviteForm.tsx';
import { PeopleTable } from './PeopleTable.tsx';
import './admin.css';

export function AdminScreen() {
  const me = useMe();
  if (!me.data) return null;
  if (!me.data.isAdmin) {
    return (
      <main className="admin">
        <h1>Administration</h1>
        <p role="alert">Only an administrator manages accounts.</p>
      </main>
    );
  }
  return (
    <main className="admin">
      <h1>Administration</h1>
      <p>
        <Link to="/projects/new">New project</Link>
      </p>
      <InviteForm />
      <InvitationList />
      <PeopleTable meId={me.data.user.id} />
    </main>
  );
}
