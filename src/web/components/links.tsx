import {
  Anchor,
  type AnchorProps,
  Button,
  type ButtonProps,
  NavLink,
  type NavLinkProps,
} from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import type { ComponentPropsWithRef } from 'react';

/** Mantine components rendered as typed router links (params and search checked against the route tree). */
type A = Omit<ComponentPropsWithRef<'a'>, 'color' | 'style'>;

const AnchorBase = (props: AnchorProps & A) => <Anchor component="a" {...props} />;
const ButtonBase = (props: ButtonProps & A) => <Button component="a" {...props} />;
const NavLinkBase = (props: NavLinkProps & Omit<A, 'label'>) => <NavLink component="a" {...props} />;

export const AnchorLink = createLink(AnchorBase);
export const ButtonLink = createLink(ButtonBase);
export const NavLinkLink = createLink(NavLinkBase);
