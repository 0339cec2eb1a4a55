// After a form that answers Me (sign-in, first administrator, an accepted link): the person is signed in.
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { Me } from '../../domain/api/index.ts';
import { forgetEarly } from '../startup/early.ts';

export function useSignedInAs() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async (me: Me) => {
    // What the app asked for on opening, before anyone was signed in, is nobody's.
    forgetEarly();
    qc.setQueryData(['me'], me);
    await qc.invalidateQueries({ queryKey: ['projects'] });
    await qc.invalidateQueries({ queryKey: ['setup'] });
    navigate('/');
  };
}
