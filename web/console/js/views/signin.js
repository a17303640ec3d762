// Sign-in: user name and password, then the code from the authenticator app (the pool requires MFA).

import { clear, field, h } from '../dom.js';
import { AuthError, answerMfa, startSignIn } from '../session.js';

export function renderSignIn(container, { note, onSignedIn }) {
  const box = h('section', { class: 'signin', 'aria-labelledby': 'signin-title' });
  container.append(box);
  const errorBox = h('div', { id: 'signin-error', class: 'notice error', role: 'alert', hidden: true });

  function showError(message) {
    clear(errorBox);
    errorBox.append(h('p', {}, message));
    errorBox.hidden = false;
  }

  function passwordStep() {
    clear(box);
    errorBox.hidden = true;
    const username = h('input', { type: 'text', name: 'username', id: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: false });
    const password = h('input', { type: 'password', name: 'password', id: 'password', autocomplete: 'current-password', required: true });
    const submit = h('button', { type: 'submit' }, 'Continue');
    const form = h('form', { novalidate: true },
      field('User name', username),
      field('Password', password),
      submit);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!username.value.trim() || !password.value) {
        showError('Enter your user name and password.');
        return;
      }
      submit.disabled = true;
      submit.textContent = 'Checking...';
      try {
        const result = await startSignIn(username.value.trim(), password.value);
        password.value = '';
        if (result.done) onSignedIn();
        else codeStep(result);
      } catch (error) {
        showError(error instanceof AuthError ? error.message : 'Sign-in failed. Try again.');
        submit.disabled = false;
        submit.textContent = 'Continue';
        password.focus();
      }
    });
    box.append(
      h('h1', { id: 'signin-title' }, 'Sign in'),
      note ? h('div', { class: 'notice', id: 'signin-note' }, h('p', {}, note)) : null,
      errorBox,
      form);
    note = null;
    username.focus();
  }

  function codeStep(pending) {
    clear(box);
    errorBox.hidden = true;
    const code = h('input', {
      type: 'text', name: 'code', id: 'mfa-code', class: 'code-input', inputmode: 'numeric',
      autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6', required: true,
    });
    const submit = h('button', { type: 'submit' }, 'Sign in');
    const form = h('form', { novalidate: true },
      field('Authentication code', code, 'The 6-digit code your authenticator app shows now.'),
      submit,
      h('p', {}, h('a', { href: '#', on: { click: (e) => { e.preventDefault(); passwordStep(); } } }, 'Start again')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = code.value.replace(/\s+/g, '');
      if (!/^[0-9]{6}$/.test(value)) {
        showError('Enter the 6 digits your authenticator app shows.');
        code.focus();
        return;
      }
      submit.disabled = true;
      submit.textContent = 'Signing in...';
      try {
        await answerMfa(pending, value);
        onSignedIn();
      } catch (error) {
        const message = error instanceof AuthError ? error.message : 'Sign-in failed. Try again.';
        // A Cognito session allows only a few attempts; after a mismatch, start again.
        passwordStep();
        showError(message);
      }
    });
    box.append(
      h('h1', { id: 'signin-title' }, 'Enter your code'),
      h('p', {}, `Signing in as ${pending.username}.`),
      errorBox,
      form);
    code.focus();
  }

  passwordStep();
}
