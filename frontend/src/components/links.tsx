import { createLink } from '@tanstack/react-router';
import { ButtonLink, Link as UtrechtLink, NavListLink } from '@utrecht/component-library-react';

/** NL Design System link that navigates inside the app (and gets aria-current when active). */
export const RouterLink = createLink(UtrechtLink);

/** NL Design System navigation list item that navigates inside the app. */
export const RouterNavListLink = createLink(NavListLink);

/** NL Design System button-styled link that navigates inside the app. */
export const RouterButtonLink = createLink(ButtonLink);
