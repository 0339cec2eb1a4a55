// After a form that answers Me (first administrator, an accepted link): the person is signed in.
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { Me } from '../../domain/api/index.ts';

export function useSignedInAs() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async (me: Me) => {
    qc.setQueryData(['me'], me);
    await qc.invalidateQueries({ queryKey: ['projects'] });
    await qc.invalidateQueries({ queryKey: ['setup'] });
    navigate('/');
  };
}
