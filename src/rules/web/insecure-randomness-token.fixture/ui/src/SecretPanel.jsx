import { useSnackbar } from 'notistack';

export function WebhookSecretPanel({ tokens, onGenerateSecret }) {
  const { enqueueSnackbar } = useSnackbar();
  const generateSecret = async () => {
    await onGenerateSecret();
    enqueueSnackbar({
      message: 'Webhook secret generated.',
      // ok: insecure-randomness-token
      options: { key: new Date().getTime() + Math.random(), variant: 'success' },
    });
  };
  return (
    <ul onClick={generateSecret}>
      {tokens.map((t) => (
        // ok: insecure-randomness-token
        <li key={Math.random()}>{t.name}</li>
      ))}
    </ul>
  );
}

export function pairWithAgent() {
  // A pairing code shown on the user's own screen: browser code, rated low.
  // ruleid: insecure-randomness-token
  const otp = Math.floor(100000 + Math.random() * 900000).toString();
  return otp;
}
